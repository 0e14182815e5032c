import { run } from "@aio/task";
import { describe, expect, it } from "vitest";
import { demo, Mailer } from "../src/mailer.js";

describe("the sign-up mailer", () => {
  it("answers sign-ups at once, applies back-pressure, drains the backlog and shuts down cleanly", async () => {
    const lines: string[] = [];
    const sent = await run(
      demo((l) => lines.push(l)),
      { clock: "virtual" },
    );
    // Both workers take a job at once, so at +0.5 s only the third new sign-up finds the queue
    // full; a worker's get() at +1.0 s makes room for it; at shutdown the getters are woken in the
    // order they started waiting (worker-2 has waited since +2.0 s).
    expect(lines).toEqual([
      "[+0.00s] signup ana@example.com: welcome! (mail queued, backlog 1)",
      "[+0.00s] signup bo@example.com: welcome! (mail queued, backlog 2)",
      "[+0.00s] signup cy@example.com: welcome! (mail queued, backlog 3)",
      "[+0.50s] signup di@example.com: welcome! (mail queued, backlog 2)",
      "[+0.50s] signup ed@example.com: welcome! (mail queued, backlog 3)",
      "[+0.50s] signup flo@example.com: backlog full, waiting for room",
      "[+1.00s] worker-1: sent welcome mail to ana@example.com",
      "[+1.00s] worker-2: sent welcome mail to bo@example.com",
      "[+1.00s] signup flo@example.com: welcome! (mail queued, backlog 2)",
      "[+1.50s] worker-2: sent welcome mail to di@example.com",
      "[+2.00s] worker-1: sent welcome mail to cy@example.com",
      "[+2.00s] worker-2: sent welcome mail to ed@example.com",
      "[+2.50s] worker-1: sent welcome mail to flo@example.com",
      "[+2.50s] backlog drained",
      "[+2.50s] worker-2: stopping after 3 mail(s)",
      "[+2.50s] worker-1: stopping after 3 mail(s)",
      "sent per worker: 3, 3",
    ]);
    expect(sent).toEqual([3, 3]);
  });

  it("rejects bad input with a clear error", async () => {
    function* main() {
      const m = new Mailer({ log: () => {} });
      try {
        yield* m.signup("not-an-address");
      } finally {
        yield* m.shutdown();
      }
    }
    await expect(run(main(), { clock: "virtual" })).rejects.toThrow("not an e-mail address: not-an-address");
    function* bad() {
      new Mailer({ workers: 0 });
    }
    await expect(run(bad(), { clock: "virtual" })).rejects.toThrow(
      "workers must be a positive integer, got 0",
    );
  });
});
