/**
 * A mistake the person can fix (an unknown code, a date in the past, a button that no longer
 * applies). Thrown or returned by a flow's handler, command or action, it becomes a localized
 * message followed by the current question again: the flow never catches it itself.
 * `key` is an i18n key ("caravan:stop.unknown"), `params` its placeholders.
 */
export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${key} (a UserError is shown to the person; the engine catches it)`);
    this.name = 'UserError';
  }
}
