/** A part of a multipart body as @fastify/multipart attaches it to the body. */
interface Part {
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

const isPart = (v: unknown): v is Part => !!v && typeof v === 'object' && 'fieldname' in v;

/**
 * A multipart form's body in the shape a urlencoded one has (strings, and arrays of them for
 * repeated names), with its one file apart, so that a form can be sent either way and read the same.
 */
export async function multipartFields(
  body: unknown,
): Promise<{ fields: Record<string, string | string[]>; file?: { name: string; filename: string; bytes: Buffer } }> {
  const fields: Record<string, string | string[]> = {};
  let file: { name: string; filename: string; bytes: Buffer } | undefined;
  for (const [name, raw] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const parts = (Array.isArray(raw) ? raw : [raw]).filter(isPart);
    const values: string[] = [];
    for (const part of parts) {
      if (part.toBuffer && part.filename !== undefined) {
        const bytes = await part.toBuffer();
        if (part.filename && bytes.length) file = { name, filename: part.filename, bytes };
      } else if (typeof part.value === 'string') values.push(part.value);
    }
    if (values.length) fields[name] = values.length === 1 && !Array.isArray(raw) ? values[0]! : values;
  }
  return file ? { fields, file } : { fields };
}
