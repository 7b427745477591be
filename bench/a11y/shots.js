// shots.js BASE OUTDIR: screenshots of the pages a reader meets first, at
// 1280 and 390 px, light and dark (the system setting, emulated).
"use strict";
const puppeteer = require("puppeteer-core");
const [base, out] = [process.argv[2], process.argv[3]];
const pages = {
  "he-playbook": "he/global-perspective/why-it-matters/",
  "ar-calculator": "ar/loyalty/measuring-loyalty/",
  "th-home": "th/",
  "status": "status/",
};
(async () => {
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  for (const [name, url] of Object.entries(pages)) {
    for (const [w, h] of [[1280, 900], [390, 844]]) {
      for (const scheme of ["light", "dark"]) {
        await page.setViewport({ width: w, height: h, isMobile: w < 500, hasTouch: w < 500 });
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
        await page.goto(base + url, { waitUntil: "networkidle0" });
        await page.screenshot({ path: `${out}/${name}-${w}-${scheme}.png` });
      }
    }
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
