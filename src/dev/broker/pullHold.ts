// Long polling (behaviours.md §3.5): a pull that finds nothing is parked under topic@queueId
// until a message for it is dispatched or its suspend time runs out, then re-executed once
// (without suspension or offset commit) and answered with the original opaque. The handler's
// promise resolving later is what sends that answer.

import type { RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';

interface HeldPull {
  offset: number;
  matches: (tagsCode: number) => boolean;
  connection: Connection;
  timer: NodeJS.Timeout;
  execute: () => RemotingCommand;
  resolve: (response: RemotingCommand | null) => void;
}

export class PullRequestHoldService {
  private readonly held = new Map<string, Set<HeldPull>>();

  /** Parks a pull; resolves with its re-executed answer (or null when the client went away). */
  hold(topic: string, queueId: number, offset: number, matches: (tagsCode: number) => boolean, suspendMs: number, connection: Connection, execute: () => RemotingCommand): Promise<RemotingCommand | null> {
    const key = `${topic}@${queueId}`;
    return new Promise((resolve) => {
      const entry: HeldPull = {
        offset,
        matches,
        connection,
        execute,
        resolve,
        timer: setTimeout(() => this.wake(key, entry), Math.max(0, suspendMs)),
      };
      let set = this.held.get(key);
      if (!set) this.held.set(key, (set = new Set()));
      set.add(entry);
    });
  }

  /** A message was dispatched to topic@queueId at `queueOffset`: wake the pulls waiting for it. */
  notifyMessageArriving(topic: string, queueId: number, queueOffset: number, tagsCode: number): void {
    const key = `${topic}@${queueId}`;
    const set = this.held.get(key);
    if (!set) return;
    for (const entry of [...set]) {
      if (queueOffset >= entry.offset && entry.matches(tagsCode)) this.wake(key, entry);
    }
  }

  /**
   * Answers every pull parked on topic@queueId now, e.g. after an offset reset, so consumers
   * learn the new offset at once instead of when their suspend time runs out.
   */
  wakeQueue(topic: string, queueId: number): void {
    const key = `${topic}@${queueId}`;
    for (const entry of [...(this.held.get(key) ?? [])]) this.wake(key, entry);
  }

  connectionClosed(connection: Connection): void {
    for (const [key, set] of this.held) {
      for (const entry of [...set]) {
        if (entry.connection !== connection) continue;
        clearTimeout(entry.timer);
        set.delete(entry);
        entry.resolve(null);
      }
      if (set.size === 0) this.held.delete(key);
    }
  }

  get size(): number {
    let n = 0;
    for (const set of this.held.values()) n += set.size;
    return n;
  }

  /** Answers every parked pull now (shutdown): clients then reconnect elsewhere or retry. */
  close(): void {
    for (const [key, set] of this.held) for (const entry of [...set]) this.wake(key, entry);
  }

  private wake(key: string, entry: HeldPull): void {
    const set = this.held.get(key);
    if (!set?.delete(entry)) return;
    if (set.size === 0) this.held.delete(key);
    clearTimeout(entry.timer);
    let response: RemotingCommand | null;
    try {
      response = entry.execute();
    } catch {
      response = null;
    }
    entry.resolve(response);
  }
}
