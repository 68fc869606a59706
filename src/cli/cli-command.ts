/**
 * How printed commands (reproduce and replay lines) call the tool, in a form
 * a user can paste: `npx numasim` runs the checkout's own build, the copy a
 * project installed, or a global install alike (plain `numasim` is on the
 * PATH only for global installs).
 *
 * @example
 * `${CLI_COMMAND} replay numasim-failure-1.json`;
 */
export const CLI_COMMAND = 'npx numasim';
