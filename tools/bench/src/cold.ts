/**
 * C1, cold start: from spawning `node program.mjs` to its first line (a coroutine's print, a
 * client's first response) or, for servers, to the answer of a first GET sent as soon as the port
 * is printed. Each program runs the packages as users do — their built `dist` (run `npx turbo run
 * build` first) — against bare Node baselines in the same run, rounds interleaved.
 *
 * `node --import tsx src/cold.ts [--quick]`; prints RESULT lines as child.ts does.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, request } from "node:http";
import { fileURLToPath } from "node:url";

const quick = process.argv.includes("--quick");
const rounds = quick ? 3 : 11;
const dir = fileURLToPath(new URL("./cold/", import.meta.url));

for (const pkg of ["@aio/task", "@aio/http"]) {
  const entry = fileURLToPath(import.meta.resolve(pkg));
  if (!entry.includes("/dist/") || !existsSync(entry)) {
    console.error(
      `C1 runs the built packages: ${pkg} resolves to ${entry}; run \`npx turbo run build\` first`,
    );
    process.exit(2);
  }
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = "";
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => resolve(body));
    })
      .on("error", reject)
      .end();
  });
}

/** Milliseconds from spawn to the program's first line (or, `server`, to its first response). */
function once(program: string, server: boolean, args: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [`${dir}${program}`, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", async (d: Buffer) => {
      out += d;
      if (!out.includes("\n") || out === "done") return;
      const line = out.split("\n")[0] as string;
      out = "done";
      try {
        if (server) {
          const body = await get(`http://127.0.0.1:${line}/`);
          if (body !== "hello") throw new Error(`${program}: answered ${body}`);
        } else if (line !== "first line" && line !== "hello") throw new Error(`${program}: printed ${line}`);
        resolve(performance.now() - t0);
      } catch (e) {
        reject(e);
      } finally {
        child.kill();
      }
    });
    child.once("exit", (code) => {
      if (out !== "done") reject(new Error(`${program} exited (${code}) before its first line`));
    });
  });
}

// The clients' server: node:http in this process.
const target = createServer((_req, res) => res.end("hello"));
await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(target.address() as { port: number }).port}/`;

const programs: [string, string, boolean, string[]][] = [
  ["bare-node", "bare.mjs", false, []],
  ["aio-task", "task.mjs", false, []],
  ["node-http-server", "node-server.mjs", true, []],
  ["aio-http-server", "http-server.mjs", true, []],
  ["fetch-client", "fetch.mjs", false, [url]],
  ["aio-http-client", "http-client.mjs", false, [url]],
];
const times = new Map<string, number[]>(programs.map(([name]) => [name, []]));
for (const [, program, server, args] of programs) await once(program, server, args); // warm the disk cache
for (let r = 0; r < rounds; r++) {
  for (const [name, program, server, args] of programs)
    times.get(name)?.push(await once(program, server, args));
}
target.close();
for (const [name, ts] of times) {
  const sorted = [...ts].sort((a, b) => a - b);
  const median = (sorted[Math.floor(sorted.length / 2)] as number) / 1000;
  console.log(
    `RESULT C1 ${name} ${median.toFixed(4)} 1 ${Math.round(1 / median)} 0 spread=${((sorted[0] as number) / 1000).toFixed(4)}..${((sorted.at(-1) as number) / 1000).toFixed(4)}`,
  );
}
