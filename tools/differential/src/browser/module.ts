// node:module in a browser: nothing to require (the inspector is Node's).
export function createRequire(): (id: string) => never {
  return (id: string) => {
    throw new Error(`${id} is not available in a browser`);
  };
}
