// serve.mjs - what every browser test and the UI benchmark start the same
// way: `tminus serve` on a free loopback port (the port read from its first
// line on standard error), and Debian's Chromium driven by playwright-core.
import { spawn } from "node:child_process";

/**
 * Starts `tminus --db DB --today TODAY serve` on 127.0.0.1:0. Resolves when the server has said
 * where it listens and, when `also` is given, once its standard error matches that pattern too.
 * Answers { server, base, also (the match, or null), log() }.
 */
export async function serve(tminus, db, today, { threads, also } = {}) {
  const args = ["--db", db, "--today", today, "serve", "--listen", "127.0.0.1:0", ...(threads ? ["--threads", String(threads)] : [])];
  const server = spawn(tminus, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  const [port, extra] = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start: " + log)), 20000);
    server.stderr.on("data", (d) => {
      log += d;
      const m = log.match(/http:\/\/127\.0\.0\.1:(\d+)\//), x = also ? log.match(also) : null;
      if (m && (!also || x)) {
        clearTimeout(timer);
        resolve([Number(m[1]), x]);
      }
    });
  });
  return { server, base: `http://127.0.0.1:${port}`, also: extra, log: () => log };
}

/** Debian's Chromium (CHROMIUM overrides), headless, with nothing that calls out. */
export function browse(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}
