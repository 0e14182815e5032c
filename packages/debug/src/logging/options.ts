/** Switches of the logging module, as Python has module attributes. */

/** Module switches, as Python's module attributes (`options.raiseExceptions`). */
export const options = {
  /** Report errors inside handlers on stderr (Python: `options.raiseExceptions`). */
  raiseExceptions: true,
  /**
   * Find the caller of each log call (`%(funcName)s`, `%(lineno)d`, `%(pathname)s`): one captured
   * stack per record. Turn it off when no format shows them.
   */
  logCallers: true,
};
