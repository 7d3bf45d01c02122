/** A package definition file that cannot be imported; `line` and `key` say where. */
export class DefinitionRejected extends Error {
  constructor(
    readonly why: string,
    readonly line?: number,
    readonly key?: string,
  ) {
    super(line === undefined ? why : `line ${line}${key === undefined ? '' : ` (${key})`}: ${why}`);
    this.name = 'DefinitionRejected';
  }
}
