/** What the machine says about a lock holder's process, now. */
export interface HolderFacts {
  /** This machine's host name. */
  readonly host: string;
  /** This boot's id, or undefined where the system does not say. */
  readonly bootId: string | undefined;
  /** Whether a process with the holder's pid exists (a pid owned by another user exists too). */
  readonly pidExists: boolean;
  /** When the process with that pid started, or undefined where it cannot be read. */
  readonly processStart: string | undefined;
}

/**
 * The identity a lock recorded of its holder: the run lock and the watchdog's lock alike. The
 * store fills in the boot and the process start when it takes the lock: a pid reused after a
 * power cut, or by another process later, is then not mistaken for the holder.
 */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly bootId?: string | undefined;
  readonly processStart?: string | undefined;
}

/**
 * Whether a lock's holder still runs. A lock from another host is trusted (a pid means nothing
 * there; the watchdog judges it by its deadline). Here, the holder is gone when the machine
 * has booted since it took the lock, when no process has its pid, or when the process with its
 * pid started at another time (the pid was reused, as after a power cut).
 */
export function holderAlive(holder: LockHolder, facts: HolderFacts): boolean {
  if (holder.host !== facts.host) return true;
  if (holder.bootId !== undefined && facts.bootId !== undefined && holder.bootId !== facts.bootId)
    return false;
  if (!facts.pidExists) return false;
  if (
    holder.processStart !== undefined &&
    facts.processStart !== undefined &&
    holder.processStart !== facts.processStart
  )
    return false;
  return true;
}
