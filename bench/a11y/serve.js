// serve.js DIR PORT: a plain static server for the built site, as a host
// would run it: Content-Security-Policy default-src 'self', gzip off, the
// per-language 404 page for a missing path under /<lang>/ (else 404.html).
"use strict";
const http = require("http"), fs = require("fs"), path = require("path");
const [dir, port] = [process.argv[2], Number(process.argv[3] || 8087)];
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
  ".bin": "application/octet-stream", ".png": "image/png", ".webmanifest": "application/manifest+json" };
function send(res, status, file) {
  res.writeHead(status, { "Content-Type": types[path.extname(file)] || "application/octet-stream",
    "Content-Security-Policy": "default-src 'self'", "Cache-Control": "max-age=3600" });
  fs.createReadStream(file).pipe(res);
}
http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (p.endsWith("/")) p += "index.html";
  const file = path.join(dir, path.normalize(p));
  if (file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isFile()) return send(res, 200, file);
  const lang = p.split("/")[1];
  const local = path.join(dir, lang || "-", "404.html");
  send(res, 404, lang && fs.existsSync(local) ? local : path.join(dir, "404.html"));
}).listen(port, "127.0.0.1", () => console.log("serving " + dir + " on http://127.0.0.1:" + port + "/"));
