// Topic permission bits (messages.md A.3, Java PermName).

export const PERM_PRIORITY = 8;
export const PERM_READ = 4;
export const PERM_WRITE = 2;
export const PERM_INHERIT = 1;

/** Java's `PermName.perm2String`: "RWX" with "-" for a missing bit (X = inherit). */
export function permToString(perm: number): string {
  return `${perm & PERM_READ ? 'R' : '-'}${perm & PERM_WRITE ? 'W' : '-'}${perm & PERM_INHERIT ? 'X' : '-'}`;
}

export const isReadable = (perm: number): boolean => (perm & PERM_READ) !== 0;
export const isWritable = (perm: number): boolean => (perm & PERM_WRITE) !== 0;
