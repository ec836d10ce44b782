/** One SDK call as a handler made it: the operation's name and its input. */
export interface RecordedCall {
  readonly command: string;
  readonly input: unknown;
}

/** Sends one operation's input as a fresh command on the floor's own client. */
export type Replay = (input: never) => Promise<unknown>;

/**
 * A floor's `send`: replays recorded calls in their order, each through the replay of its operation.
 * Throws for an operation the floor has no client for: the floor would then be missing a dependency
 * the function has, and every ratio to it would flatter the function.
 */
export function replayer(replays: Readonly<Record<string, Replay>>): (calls: readonly RecordedCall[]) => Promise<void> {
  return async (calls) => {
    for (const { command, input } of calls) {
      const replay = replays[command];
      if (!replay) throw new Error(`The floor cannot replay ${command}`);
      await replay(input as never);
    }
  };
}
