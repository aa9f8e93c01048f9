import avro from 'avsc';

/**
 * Iceberg v2 manifest and manifest-list Avro schemas, with the spec's record names and field ids. Optional
 * statistics are left null: readers treat missing bounds as unknown.
 */
const optional = (name: string, id: number, type: unknown) => ({ name, type: ['null', type], default: null, 'field-id': id });

export const MANIFEST_ENTRY_SCHEMA = {
  type: 'record',
  name: 'manifest_entry',
  fields: [
    { name: 'status', type: 'int', 'field-id': 0 },
    optional('snapshot_id', 1, 'long'),
    optional('sequence_number', 3, 'long'),
    optional('file_sequence_number', 4, 'long'),
    {
      name: 'data_file',
      'field-id': 2,
      type: {
        type: 'record',
        name: 'r2',
        fields: [
          { name: 'content', type: 'int', 'field-id': 134 },
          { name: 'file_path', type: 'string', 'field-id': 100 },
          { name: 'file_format', type: 'string', 'field-id': 101 },
          { name: 'partition', type: { type: 'record', name: 'r102', fields: [] }, 'field-id': 102 },
          { name: 'record_count', type: 'long', 'field-id': 103 },
          { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
          optional('column_sizes', 108, { type: 'array', items: kv('k117_v118', 117, 118, 'long'), logicalType: 'map' }),
          optional('value_counts', 109, { type: 'array', items: kv('k119_v120', 119, 120, 'long'), logicalType: 'map' }),
          optional('null_value_counts', 110, { type: 'array', items: kv('k121_v122', 121, 122, 'long'), logicalType: 'map' }),
          optional('lower_bounds', 125, { type: 'array', items: kv('k126_v127', 126, 127, 'bytes'), logicalType: 'map' }),
          optional('upper_bounds', 128, { type: 'array', items: kv('k129_v130', 129, 130, 'bytes'), logicalType: 'map' }),
          optional('split_offsets', 132, { type: 'array', items: 'long', 'element-id': 133 }),
          optional('sort_order_id', 140, 'int'),
        ],
      },
    },
  ],
};

function kv(name: string, keyId: number, valueId: number, valueType: string) {
  return { type: 'record', name, fields: [{ name: 'key', type: 'int', 'field-id': keyId }, { name: 'value', type: valueType, 'field-id': valueId }] };
}

export const MANIFEST_FILE_SCHEMA = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'content', type: 'int', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', 'field-id': 514 },
    optional('partitions', 507, {
      type: 'array',
      'element-id': 508,
      items: {
        type: 'record',
        name: 'r508',
        fields: [
          { name: 'contains_null', type: 'boolean', 'field-id': 509 },
          optional('contains_nan', 518, 'boolean'),
          optional('lower_bound', 510, 'bytes'),
          optional('upper_bound', 511, 'bytes'),
        ],
      },
    }),
  ],
};

// Longs stay JavaScript numbers: Quarry's snapshot ids, sizes and counts stay below 2^53.
export const manifestEntryType = avro.Type.forSchema(MANIFEST_ENTRY_SCHEMA as avro.Schema);
export const manifestFileType = avro.Type.forSchema(MANIFEST_FILE_SCHEMA as avro.Schema);

/** Encodes records into an Avro object container file (deflate) with the given file metadata. */
export function encodeAvroFile(schema: object, records: readonly unknown[], metadata: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // avsc supports `metadata` (file header entries) though its typings omit it.
    const options = { codec: 'deflate', writeHeader: true, metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v)])) };
    // Given the schema object (not the type), avsc writes it to the header as is: field ids included.
    const encoder = new avro.streams.BlockEncoder(schema as avro.Schema, options as never);
    encoder.on('data', (c: Buffer) => chunks.push(c));
    encoder.on('end', () => resolve(Buffer.concat(chunks)));
    encoder.on('error', reject);
    for (const r of records) encoder.write(r);
    encoder.end();
  });
}

export function decodeAvroFile(buffer: Buffer, type: avro.Type): Promise<{ records: unknown[]; metadata: Record<string, string>; schema: unknown }> {
  return new Promise((resolve, reject) => {
    const records: unknown[] = [];
    let metadata: Record<string, string> = {};
    let schema: unknown = null;
    const decoder = new avro.streams.BlockDecoder({ readerSchema: type });
    decoder.on('metadata', (_t: unknown, _codec: string, header: { meta: Record<string, Buffer> }) => {
      metadata = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString()]));
      schema = JSON.parse(metadata['avro.schema'] ?? 'null') as unknown;
    });
    decoder.on('data', (r: unknown) => records.push(r));
    decoder.on('end', () => resolve({ records, metadata, schema }));
    decoder.on('error', reject);
    decoder.end(buffer);
  });
}
