import { type Print, py } from "@aio/differential";
import { FileNotFoundError } from "@aio/fs";
import { repr } from "@aio/loop";
import { run, TimeoutError, waitFor } from "@aio/task";
import { createSubprocessExec, createSubprocessShell, DEVNULL, PIPE, STDOUT } from "../../../src/index.js";

const none = (x: unknown) => (x === null ? "None" : repr(x));

export default async function (print: Print) {
  function* main() {
    let p = yield* createSubprocessExec("sh", "-c", "echo out; echo err >&2; exit 3", {
      stdout: PIPE,
      stderr: PIPE,
    });
    print("returncode before", none(p.returncode));
    let [out, err] = yield* p.communicate();
    print(repr(out), repr(err), p.returncode);
    p = yield* createSubprocessShell("cat; echo done >&2", { stdin: PIPE, stdout: PIPE, stderr: STDOUT });
    [out, err] = yield* p.communicate(Buffer.from("hello\n".repeat(3)));
    print(repr(out), none(err), p.returncode);
    p = yield* createSubprocessExec("sh", "-c", "read x; echo got $x", { stdin: PIPE, stdout: PIPE });
    p.stdin?.write(Buffer.from("line\n"));
    yield* (p.stdin as NonNullable<typeof p.stdin>).drain();
    print(repr(yield* (p.stdout as NonNullable<typeof p.stdout>).readline()), yield* p.wait());
    p = yield* createSubprocessExec("sleep", "30");
    p.terminate();
    print("terminated", yield* p.wait());
    p = yield* createSubprocessExec("sleep", "30");
    p.sendSignal("SIGKILL");
    print("killed", yield* p.wait());
    p = yield* createSubprocessExec("sleep", "0.2");
    try {
      yield* waitFor(p.wait(), 0.01);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      print("timeout, still running:", none(p.returncode));
    }
    print("then", yield* p.wait());
    try {
      yield* createSubprocessExec("no-such-program-aio");
    } catch (e) {
      if (!(e instanceof FileNotFoundError)) throw e;
      print(e.name, e.message);
    }
    p = yield* createSubprocessShell("exit 7", { stdout: DEVNULL });
    const result = yield* p.communicate();
    print(`(${none(result[0])}, ${none(result[1])})`, p.returncode);
    void py;
  }
  await run(main());
}
