// axe.js BASE PAGE...: runs axe-core on each page at phone size, in light
// and in dark mode (the system setting, emulated), and prints every
// violation. Exit status 1 when there is one.
"use strict";
const puppeteer = require("puppeteer-core");
const axe = require("axe-core");
const [base, ...pages] = process.argv.slice(2);
(async () => {
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  let total = 0;
  for (const url of pages) {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
      await page.goto(base + url, { waitUntil: "networkidle0" });
      await page.evaluate(axe.source); // through the devtools protocol: the page's CSP does not apply
      const res = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
      const found = res.violations.reduce((n, v) => n + v.nodes.length, 0);
      total += found;
      console.log(`axe ${scheme.padEnd(5)} ${url}: ${found ? found + " violation(s)" : "no violations"}`);
      for (const v of res.violations) {
        console.log(`  ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ").trim()}`);
      }
    }
  }
  await browser.close();
  process.exit(total ? 1 : 0);
})().catch(e => { console.error(e); process.exit(2); });
