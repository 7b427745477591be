// shots.js BASE OUTDIR [NAME…]: screenshots of the pages readers and
// trainers check by eye, in Hebrew, Arabic, Thai and Bulgarian, at 1280 and
// 390 px, light and dark (the system setting, emulated), into
// OUTDIR/<page>-<lang>-<width>-<scheme>.png. A page with a selector is
// scrolled to it first (the Arabic CRR calculator, say); NAME limits the
// run to those pages (calculator, path-step, certificate, progress,
// status, handout, playbook, home).
"use strict";
const puppeteer = require("puppeteer-core");
const [base, out, ...only] = process.argv.slice(2);
// Each page: its address in every language (null: the language has none)
// and what to scroll to.
const pages = {
  calculator: { he: "he/global-perspective/measuring-success/", ar: "ar/loyalty/measuring-loyalty/",
    th: "th/guide/measuring-success/", bg: "bg/loyalty/measuring-loyalty/", at: 'section[data-metric="crr"]' },
  "path-step": { he: "he/global-perspective/strategies/?path=first-steps", ar: "ar/loyalty/cultural-considerations/?path=first-steps",
    th: null, bg: "bg/loyalty/cultural-considerations/?path=first-steps" },
  certificate: { he: "he/certificate/", ar: "ar/certificate/", th: "th/certificate/", bg: "bg/certificate/" },
  progress: { he: "he/progress/", ar: "ar/progress/", th: "th/progress/", bg: "bg/progress/" },
  status: { he: "status/", ar: null, th: null, bg: null, at: ".status-why" },
  handout: { he: "he/print/global-perspective/", ar: "ar/print/loyalty/", th: "th/print/guide/", bg: "bg/print/loyalty/" },
  playbook: { he: "he/global-perspective/why-it-matters/", ar: null, th: null, bg: null },
  home: { he: null, ar: null, th: "th/", bg: null },
};
(async () => {
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  for (const [name, p] of Object.entries(pages)) {
    if (only.length && !only.includes(name)) continue;
    for (const lang of ["he", "ar", "th", "bg"]) {
      if (!p[lang]) continue;
      for (const [w, h] of [[1280, 900], [390, 844]]) {
        for (const scheme of ["light", "dark"]) {
          await page.setViewport({ width: w, height: h, isMobile: w < 500, hasTouch: w < 500 });
          await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
          await page.goto(base + p[lang], { waitUntil: "networkidle0" });
          if (p.at) await page.evaluate(sel => { const e = document.querySelector(sel); if (e) e.scrollIntoView(); }, p.at);
          await page.screenshot({ path: `${out}/${name}-${lang}-${w}-${scheme}.png` });
        }
      }
    }
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
