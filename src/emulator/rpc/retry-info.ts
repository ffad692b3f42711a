import {create, createFileRegistry, type DescMessage} from '@bufbuild/protobuf'
import {
  durationFromMs,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
  file_google_protobuf_duration,
} from '@bufbuild/protobuf/wkt'

// `google.rpc.RetryInfo` (google/rpc/error_details.proto) is the standard way a gRPC server says how long to wait.
// Neither the SDK nor @bufbuild/protobuf ships it, so its one-field descriptor is built here.

const errorDetailsFile = create(FileDescriptorProtoSchema, {
  name: 'google/rpc/error_details.proto',
  package: 'google.rpc',
  dependency: [file_google_protobuf_duration.proto.name],
  syntax: 'proto3',
  messageType: [
    {
      name: 'RetryInfo',
      field: [
        {
          name: 'retry_delay',
          jsonName: 'retryDelay',
          number: 1,
          type: FieldDescriptorProto_Type.MESSAGE,
          label: FieldDescriptorProto_Label.OPTIONAL,
          typeName: '.google.protobuf.Duration',
        },
      ],
    },
  ],
})

export const RetryInfoSchema: DescMessage = createFileRegistry(errorDetailsFile, (name) =>
  name === file_google_protobuf_duration.proto.name ? file_google_protobuf_duration : undefined,
).getMessage('google.rpc.RetryInfo')!

/** A RetryInfo detail for a ConnectError. */
export function retryInfo(delayMs: number) {
  return {desc: RetryInfoSchema, value: {retryDelay: durationFromMs(delayMs)}}
}
