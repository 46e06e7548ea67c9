// A value built the first time it is used. For the wire and message schemas: building the
// ~190 zod schemas at module load was most of the extension's own activation time (and
// the collection after it), while most are needed only when a body of that kind is read
// or a panel opens. `buildAll()` builds what is left once the window is idle, so the
// first panel or body does not pay for it either.

const unbuilt = new Set<() => unknown>();

/** `build()` runs on the first property access of the returned object, once. */
export function lazy<T extends object>(build: () => T): T {
  let value: T | undefined;
  const real = (): T => {
    if (value === undefined) {
      value = build();
      unbuilt.delete(real);
    }
    return value;
  };
  unbuilt.add(real);
  return new Proxy({} as T, {
    get: (_target, key) => {
      const v = real();
      return Reflect.get(v, key, v);
    },
    set: (_target, key, newValue) => {
      const v = real();
      return Reflect.set(v, key, newValue, v);
    },
    has: (_target, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

/** Builds every lazy value not built yet. */
export function buildAll(): void {
  for (const real of [...unbuilt]) real();
}

/** How many lazy values are not built yet (tests check that loading a module builds none). */
export function unbuiltCount(): number {
  return unbuilt.size;
}
