/**
 * Java hash functions RocketMQ stores on disk and compares on the wire (message-format.md §9,
 * store.md §4).
 */

/** Java `String.hashCode()`: `h = 31*h + c` over UTF-16 code units, in 32-bit signed arithmetic. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Index-file key hash (store.md §4, Java `IndexService`/`IndexFile.indexKeyHashMethod`):
 * `abs(hashCode(topic + "#" + key))`, where `Math.abs(Integer.MIN_VALUE)` stays negative in Java
 * and is then replaced by 0.
 */
export function indexKeyHash(topic: string, key: string): number {
  const h = javaStringHashCode(`${topic}#${key}`);
  return h === -2147483648 ? 0 : Math.abs(h);
}

/**
 * Consume-queue tag code (message-format.md §9): `hashCode()` of the `TAGS` property, 0 when the
 * message has no tags (`MessageExtBrokerInner.tagsString2tagsCode`). The consume queue stores it
 * sign-extended to int64; the returned int32 is that value.
 */
export function tagsCode(tags: string | null | undefined): number {
  return tags ? javaStringHashCode(tags) : 0;
}
