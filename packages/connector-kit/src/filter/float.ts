/**
 * Decimal text to binary floating point, rounded once, as a database's `float4in`/`float8in` (C's `strtof` and
 * `strtod`) do. `Number(text)` is already correctly rounded to a double; rounding that double again to 32 bits
 * (`Math.fround(Number(text))`) is wrong when the double lands exactly halfway between two floats:
 * `16777217.000000000001` is a double `16777217`, which `fround` rounds (ties to even) down to `16777216`,
 * while the decimal itself is above halfway and a `real` column reads it as `16777218`.
 */
import { compareNormalDecimals, type NormalDecimal, parseDecimal } from "./decimal.js";

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The float32 next to `x` (a float32 value, finite) in the direction of `up`. */
function nextFloat32(x: number, up: boolean): number {
  if (x === 0) {
    u32[0] = 1;
    return up ? f32[0]! : -f32[0]!;
  }
  f32[0] = x;
  // Moving away from zero increments the bit pattern; towards zero decrements it.
  if (x > 0 === up) u32[0] = u32[0]! + 1;
  else u32[0] = u32[0]! - 1;
  return f32[0]!;
}

/** The exact decimal value of a finite double. */
function exactDecimal(x: number): NormalDecimal {
  f64[0] = x;
  const bits = u64[0]!;
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  const text =
    exponent >= 0
      ? (mantissa << BigInt(exponent)).toString()
      : `${(mantissa * 5n ** BigInt(-exponent)).toString()}e${exponent}`;
  return parseDecimal(negative ? `-${text}` : text)!;
}

/**
 * The float32 nearest to the decimal `text` (ties to even), or ±Infinity when it is beyond the float32 range
 * (as `strtof` rounds). `text` must be accepted by `parseDecimal`.
 */
export function decimalToFloat32(text: string): number {
  const d = Number(text);
  const f = Math.fround(d);
  if (f === d || !Number.isFinite(d)) return f;
  // The floats on either side of `d` (±Infinity standing for ±2^128 beyond the largest float).
  const lower = f < d ? f : nextFloat32(f, false);
  const upper = f < d ? nextFloat32(f, true) : f;
  // Double rounding can only go wrong when `d` is exactly halfway between them (the sum is exact in a double).
  if ((bounded(lower) + bounded(upper)) / 2 !== d) return f;
  const exact = parseDecimal(text);
  if (exact === null) return f;
  const c = compareNormalDecimals(exact, exactDecimal(d));
  return c === 0 ? f : c > 0 ? upper : lower;
}

const TWO_128 = 2 ** 128;

function bounded(x: number): number {
  return x === Number.POSITIVE_INFINITY ? TWO_128 : x === Number.NEGATIVE_INFINITY ? -TWO_128 : x;
}
