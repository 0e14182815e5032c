/**
 * The message-queue idea of seed 004's introduction: sign-ups put e-mail jobs on a bounded queue,
 * a few worker tasks send them (simulated with sleeps), the sign-up handler answers at once,
 * `join()` waits for the backlog, and shutdown drains cleanly.
 */
import { getRunningLoop } from "@aio/loop";
import { Queue, QueueShutDown } from "@aio/sync";
import { type Coro, createTask, gather, sleep, type Task } from "@aio/task";

/** A welcome e-mail to send. */
export interface MailJob {
  to: string;
  /** Seconds the (simulated) mail server takes for it. */
  sendSeconds: number;
}

/** Settings of the mailer. */
export interface MailerOptions {
  /** Worker tasks sending mail (default 2). */
  workers?: number;
  /** Bound of the job queue: when full, sign-ups wait for room (back-pressure). Default 3. */
  backlog?: number;
  /** Where lines go (default console.log). */
  log?: (line: string) => void;
}

/** A sign-up service that hands the slow part, sending mail, to a queue and worker tasks. */
export class Mailer {
  readonly queue: Queue<MailJob>;
  private readonly workers: Task<number>[] = [];
  private readonly log: (line: string) => void;
  private readonly start: number;

  constructor(options: MailerOptions = {}) {
    const workers = options.workers ?? 2;
    if (!Number.isInteger(workers) || workers < 1)
      throw new RangeError(`workers must be a positive integer, got ${workers}`);
    this.queue = new Queue<MailJob>({ maxsize: options.backlog ?? 3 });
    this.log = options.log ?? ((line) => console.log(line));
    this.start = getRunningLoop().time();
    for (let i = 1; i <= workers; i++)
      this.workers.push(createTask(this.worker(`worker-${i}`), { name: `worker-${i}` }));
  }

  private stamp(text: string): void {
    this.log(`[+${(getRunningLoop().time() - this.start).toFixed(2)}s] ${text}`);
  }

  /** Handles a sign-up: queues the welcome mail and answers without waiting for it to be sent. */
  *signup(email: string, sendSeconds = 1): Coro<string> {
    if (typeof email !== "string" || !email.includes("@"))
      throw new TypeError(`not an e-mail address: ${String(email)}`);
    if (this.queue.full()) this.stamp(`signup ${email}: backlog full, waiting for room`);
    yield* this.queue.put({ to: email, sendSeconds });
    this.stamp(`signup ${email}: welcome! (mail queued, backlog ${this.queue.qsize()})`);
    return "201 Created";
  }

  private *worker(name: string): Coro<number> {
    let sent = 0;
    for (;;) {
      let job: MailJob;
      try {
        job = yield* this.queue.get();
      } catch (e) {
        if (e instanceof QueueShutDown) break; // shut down and drained
        throw e;
      }
      try {
        yield* sleep(job.sendSeconds);
        sent++;
        this.stamp(`${name}: sent welcome mail to ${job.to}`);
      } finally {
        this.queue.taskDone();
      }
    }
    this.stamp(`${name}: stopping after ${sent} mail(s)`);
    return sent;
  }

  /** Waits until every queued mail is sent. */
  *drain(): Coro<void> {
    yield* this.queue.join();
    this.stamp("backlog drained");
  }

  /** Stops taking mail, lets the workers finish what is queued, and returns how many each sent. */
  *shutdown(): Coro<number[]> {
    this.queue.shutdown();
    return yield* gather(...this.workers);
  }
}

/** The demo: six sign-ups arrive in two bursts; mail is sent by two workers. */
export function* demo(log?: (line: string) => void): Coro<number[]> {
  const mailer = new Mailer({ workers: 2, backlog: 3, ...(log ? { log } : {}) });
  for (const email of ["ana@example.com", "bo@example.com", "cy@example.com"]) yield* mailer.signup(email, 1);
  yield* sleep(0.5);
  for (const email of ["di@example.com", "ed@example.com", "flo@example.com"])
    yield* mailer.signup(email, 0.5);
  yield* mailer.drain();
  const sent = yield* mailer.shutdown();
  (log ?? console.log)(`sent per worker: ${sent.join(", ")}`);
  return sent;
}
