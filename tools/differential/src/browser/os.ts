// node:os in a browser: no signals.
export const constants = { signals: {} as Record<string, number> };
