// A registry of units (rules, checks, analyzers, importers, reporters) keyed by id.

export interface Identified {
  readonly id: string;
}

export class Registry<T extends Identified> {
  private readonly units = new Map<string, T>();

  constructor(readonly kind: string) {}

  register(...units: T[]): this {
    for (const unit of units) {
      if (this.units.has(unit.id)) throw new Error(`${this.kind} "${unit.id}" is registered twice`);
      this.units.set(unit.id, unit);
    }
    return this;
  }

  /** Takes a unit out again (a test's own unit); whether it was there. */
  unregister(id: string): boolean {
    return this.units.delete(id);
  }

  get(id: string): T | undefined {
    return this.units.get(id);
  }

  has(id: string): boolean {
    return this.units.has(id);
  }

  all(): T[] {
    return [...this.units.values()];
  }

  ids(): string[] {
    return [...this.units.keys()];
  }
}
