// The page data's packed arrays (anatomy_viewer/render/web/mesh_pack.py): base64 of little-endian
// typed arrays; mesh points quantised to uint16 over each mesh's own box.

const TYPES = {
  int8: Int8Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  float32: Float32Array,
};

export function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function typedArray(text, type) {
  const Type = TYPES[type];
  if (!Type) throw new Error(`unknown array type ${type}`);
  const bytes = base64ToBytes(text);
  if (bytes.byteLength % Type.BYTES_PER_ELEMENT !== 0) {
    throw new Error(`${bytes.byteLength} bytes are not a whole number of ${type}`);
  }
  return new Type(bytes.buffer, 0, bytes.byteLength / Type.BYTES_PER_ELEMENT);
}

// -> { positions: Float32Array (x, y, z in mm), indices: Uint16Array | Uint32Array }
export function unpackMesh(packed) {
  const quantised = typedArray(packed.positions, "uint16");
  if (quantised.length !== packed.count * 3) throw new Error("mesh positions do not match count");
  const positions = new Float32Array(quantised.length);
  const [ox, oy, oz] = packed.origin;
  const [sx, sy, sz] = packed.scale;
  for (let i = 0; i < quantised.length; i += 3) {
    positions[i] = ox + quantised[i] * sx;
    positions[i + 1] = oy + quantised[i + 1] * sy;
    positions[i + 2] = oz + quantised[i + 2] * sz;
  }
  const indices = typedArray(packed.indices, packed.index_type);
  for (let i = 0; i < indices.length; i += 1) {
    if (indices[i] >= packed.count) throw new Error("mesh index out of range");
  }
  return { positions, indices };
}
