// The emulator's virtual clock: wall time plus an offset that tests move forward
// (POST /__emulator/clock) to make runs expire without waiting ten minutes.
export class VirtualClock {
  private offsetSeconds = 0;

  /** Current virtual time in integer Unix seconds (the API's timestamp unit). */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  advance(seconds: number): void {
    this.offsetSeconds += seconds;
  }

  get offset(): number {
    return this.offsetSeconds;
  }

  reset(): void {
    this.offsetSeconds = 0;
  }
}
