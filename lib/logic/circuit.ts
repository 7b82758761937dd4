/**
 * Circuit builder: gates composed by fusing wires by name (Smithson TCAS-I 2019 §5.2, paper brief §2.4).
 * A gate's port connected to a wire adds the gate's h to that wire's bias and its J to the wire pair's
 * coupling; two gates sharing a wire name are thereby fused. The energy of a circuit is the sum of its gates'
 * energies, so every valid assignment of the composed logic is a ground state (each gate at its own minimum),
 * and any assignment violating some gate costs at least that gate's gap.
 *
 *   const c = new Circuit();
 *   c.addGate('AND', { A: 'a', B: 'b', Y: 't' });
 *   c.addGate('HA', { A: 't', B: 'd', S: 's0', CO: 's1' });   // (a AND b) + d
 *   const model = c.toModel();                                 // spin names = wire names
 *
 * Auxiliary spins of a gate instance get unique names "<instance>.<aux>" (instance = "<GATE>_<k>" unless
 * given). Sub-circuits are reused with `addCircuit(sub, wireMap, prefix)`: wires in the map are connected to
 * the named wires of this circuit (that is how K training replicas share the weight wires); the others are
 * renamed "<prefix>.<wire>".
 */
import { InvlogicError } from '../errors';
import { IsingModel, Spin, checkSpin } from '../ising';
import { Gate, gate as libraryGate } from './gates';

const PAIR_SHIFT = 0x1000000; // wires per circuit < 2^24, key = i * 2^24 + j (i < j), exact in a double

export class Circuit {
  private readonly wireNames: string[] = [];
  private readonly wireIndex = new Map<string, number>();
  private readonly bias: number[] = [];
  private readonly couplings = new Map<number, number>();
  private readonly clamps = new Map<number, Spin>();
  private readonly gateCounts = new Map<string, number>();
  private instances = 0;
  /** Optional port lists of a ready-made circuit (for truth tables and docs). */
  inputs: string[] = [];
  outputs: string[] = [];

  /** Index of wire `name`, creating it (bias 0) if new. */
  wire(name: string): number {
    const i = this.wireIndex.get(name);
    if (i !== undefined) return i;
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvlogicError(`wire names must be non-empty strings, got ${JSON.stringify(name)}`, 'wire');
    }
    if (this.wireNames.length >= PAIR_SHIFT)
      throw new InvlogicError(`a circuit holds at most ${PAIR_SHIFT} wires`, 'wire');
    const k = this.wireNames.length;
    this.wireNames.push(name);
    this.wireIndex.set(name, k);
    this.bias.push(0);
    return k;
  }

  has(name: string): boolean {
    return this.wireIndex.has(name);
  }

  get numWires(): number {
    return this.wireNames.length;
  }

  /** Number of non-zero couplings. */
  get numCouplings(): number {
    let n = 0;
    for (const w of this.couplings.values()) if (w !== 0) n++;
    return n;
  }

  /** Number of gate instances added (sub-circuits count their gates). */
  get numGates(): number {
    let n = 0;
    for (const c of this.gateCounts.values()) n += c;
    return n;
  }

  /** Gate instances per gate name. */
  gateCensus(): Record<string, number> {
    return Object.fromEntries([...this.gateCounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  names(): string[] {
    return [...this.wireNames];
  }

  /** Adds `h` to the bias of wire `name`. */
  addBias(name: string, h: number): this {
    this.bias[this.wire(name)] += h;
    return this;
  }

  /** Adds `w` to the coupling of wires `a` and `b` (a != b). */
  addCoupling(a: string, b: string, w: number): this {
    this.addCouplingIndex(this.wire(a), this.wire(b), w, `${a}-${b}`);
    return this;
  }

  private addCouplingIndex(i: number, j: number, w: number, what: string): void {
    if (i === j) throw new InvlogicError(`cannot couple wire "${this.wireNames[i]}" to itself (${what})`, 'wire');
    const key = i < j ? i * PAIR_SHIFT + j : j * PAIR_SHIFT + i;
    this.couplings.set(key, (this.couplings.get(key) ?? 0) + w);
  }

  /**
   * Adds a gate instance: `ports` maps every port of the gate to a wire name of this circuit (created if
   * new). Returns the instance name; its aux spins are "<instance>.<aux>".
   */
  addGate(g: Gate | string, ports: Readonly<Record<string, string>>, instanceName?: string): string {
    const gt = typeof g === 'string' ? libraryGate(g) : g;
    for (const key of Object.keys(ports)) {
      if (!gt.wires.includes(key)) {
        throw new InvlogicError(`gate ${gt.name} has no port "${key}"; ports: ${gt.wires.join(', ')}`, key);
      }
    }
    const instance = instanceName ?? `${gt.name}_${this.instances}`;
    this.instances++;
    const idx: number[] = [];
    const used = new Map<number, string>();
    for (const port of gt.wires) {
      const wireName = ports[port];
      if (wireName === undefined) {
        throw new InvlogicError(
          `gate ${gt.name} (${instance}): port "${port}" is not connected; ports: ${gt.wires.join(', ')}`,
          port,
        );
      }
      const i = this.wire(wireName);
      if (used.has(i)) {
        throw new InvlogicError(
          `gate ${gt.name} (${instance}): ports ${used.get(i)} and ${port} are both wired to "${wireName}"`,
          port,
        );
      }
      used.set(i, port);
      idx.push(i);
    }
    for (const a of gt.aux) {
      const name = `${instance}.${a}`;
      if (this.wireIndex.has(name))
        throw new InvlogicError(`gate instance name "${instance}" is already used`, 'instanceName');
      idx.push(this.wire(name));
    }
    gt.h.forEach((v, k) => {
      this.bias[idx[k]] += v;
    });
    for (const [a, b, w] of gt.J) this.addCouplingIndex(idx[a], idx[b], w, `${gt.name} ${instance}`);
    this.gateCounts.set(gt.name, (this.gateCounts.get(gt.name) ?? 0) + 1);
    return instance;
  }

  /**
   * Adds a copy of `sub`: sub-wire w becomes wireMap[w] if mapped (fused with that wire of this circuit),
   * otherwise `${prefix}.${w}`. Clamps of `sub` are carried over. Returns the name mapping.
   */
  addCircuit(sub: Circuit, wireMap: Readonly<Record<string, string>>, prefix: string): Map<string, string> {
    if (sub === this) throw new InvlogicError('addCircuit: a circuit cannot be added to itself; add a copy', 'sub');
    for (const key of Object.keys(wireMap)) {
      if (!sub.has(key)) throw new InvlogicError(`addCircuit: the sub-circuit has no wire "${key}"`, key);
    }
    if (typeof prefix !== 'string' || prefix.length === 0)
      throw new InvlogicError('addCircuit: prefix must be a non-empty string', 'prefix');
    const mapping = new Map<string, string>();
    const idx = sub.wireNames.map((w) => {
      const target = wireMap[w] ?? `${prefix}.${w}`;
      mapping.set(w, target);
      return this.wire(target);
    });
    const seen = new Map<number, string>();
    idx.forEach((i, k) => {
      const prev = seen.get(i);
      if (prev !== undefined) {
        throw new InvlogicError(
          `addCircuit: sub-wires "${prev}" and "${sub.wireNames[k]}" both map to "${this.wireNames[i]}"`,
          'wireMap',
        );
      }
      seen.set(i, sub.wireNames[k]);
    });
    sub.bias.forEach((v, k) => {
      this.bias[idx[k]] += v;
    });
    for (const [key, w] of sub.couplings) {
      const i = Math.floor(key / PAIR_SHIFT);
      const j = key - i * PAIR_SHIFT;
      this.addCouplingIndex(idx[i], idx[j], w, `sub-circuit ${prefix}`);
    }
    for (const [i, s] of sub.clamps) this.clampIndex(idx[i], s);
    for (const [name, c] of sub.gateCounts) this.gateCounts.set(name, (this.gateCounts.get(name) ?? 0) + c);
    this.instances += sub.instances;
    return mapping;
  }

  /** Clamps wire `name` to spin +1/-1 (logic 1/0). Clamping a wire twice to different values is an error. */
  clamp(name: string, spin: number): this {
    const i = this.wireIndex.get(name);
    if (i === undefined) throw new InvlogicError(`clamp: unknown wire "${name}"`, name);
    this.clampIndex(i, checkSpin(`clamp.${name}`, spin));
    return this;
  }

  /** Clamps wires to logic bits (0 -> spin -1, 1 -> spin +1). */
  clampBits(bits: Readonly<Record<string, number>>): this {
    for (const [name, b] of Object.entries(bits)) {
      if (b !== 0 && b !== 1) throw new InvlogicError(`clamp ${name} must be 0 or 1, got ${String(b)}`, name);
      this.clamp(name, b ? 1 : -1);
    }
    return this;
  }

  private clampIndex(i: number, s: Spin): void {
    const prev = this.clamps.get(i);
    if (prev !== undefined && prev !== s) {
      throw new InvlogicError(`wire "${this.wireNames[i]}" is clamped to both ${prev} and ${s}`, this.wireNames[i]);
    }
    this.clamps.set(i, s);
  }

  /** Removes all clamps. */
  unclamp(): this {
    this.clamps.clear();
    return this;
  }

  /** Renames a wire (e.g. to give a circuit's output its port name). */
  renameWire(from: string, to: string): this {
    const i = this.wireIndex.get(from);
    if (i === undefined) throw new InvlogicError(`renameWire: unknown wire "${from}"`, from);
    if (from === to) return this;
    if (this.wireIndex.has(to)) throw new InvlogicError(`renameWire: wire "${to}" already exists`, to);
    if (typeof to !== 'string' || to.length === 0)
      throw new InvlogicError('renameWire: new name must be a non-empty string', 'to');
    this.wireIndex.delete(from);
    this.wireIndex.set(to, i);
    this.wireNames[i] = to;
    this.inputs = this.inputs.map((w) => (w === from ? to : w));
    this.outputs = this.outputs.map((w) => (w === from ? to : w));
    return this;
  }

  /** The Ising model: spin k is wire k (names = wire names, in creation order), clamps included. */
  toModel(): IsingModel {
    const edges: [number, number, number][] = [];
    for (const [key, w] of this.couplings) {
      if (w === 0) continue;
      const i = Math.floor(key / PAIR_SHIFT);
      edges.push([i, key - i * PAIR_SHIFT, w]);
    }
    return new IsingModel(this.wireNames, this.bias, edges, new Map(this.clamps));
  }
}
