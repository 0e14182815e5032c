/**
 * Python's `mixins._LoopBoundMixin`: a primitive binds to the loop it is first used on, and refuses
 * another one.
 */
import { type EventLoop, getRunningLoop } from "@aio/loop";

export abstract class LoopBound {
  private boundLoop: EventLoop | null = null;

  /** @internal */
  protected getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this.boundLoop === null) this.boundLoop = loop;
    if (loop !== this.boundLoop) throw new Error(`${this} is bound to a different event loop`);
    return loop;
  }
}
