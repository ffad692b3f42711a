import type {JsonObject} from '@bufbuild/protobuf'
import {toJson} from '@bufbuild/protobuf'
import {Code, ConnectError} from '@connectrpc/connect'
import {ErrorInfoSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js'
import {RetryInfoSchema} from './retry-info.js'

/** HTTP status for each gRPC code, as grpc-gateway (Scalekit's REST layer) maps them. */
const HTTP_STATUS: Record<Code, number> = {
  [Code.Canceled]: 499,
  [Code.Unknown]: 500,
  [Code.InvalidArgument]: 400,
  [Code.DeadlineExceeded]: 504,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.PermissionDenied]: 403,
  [Code.ResourceExhausted]: 429,
  [Code.FailedPrecondition]: 400,
  [Code.Aborted]: 409,
  [Code.OutOfRange]: 400,
  [Code.Unimplemented]: 501,
  [Code.Internal]: 500,
  [Code.Unavailable]: 503,
  [Code.DataLoss]: 500,
  [Code.Unauthenticated]: 401,
}

export interface FieldViolation {
  field: string
  description: string
  constraint: string
}

/** `NotFound` -> `NOT_FOUND`: the string the SDK exposes as `errorCode`. */
export function errorCodeName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
}

/**
 * Every emulator error carries a `scalekit.v1.errdetails.ErrorInfo` detail like the real service; without it the
 * SDK's `errorCode` is null.
 */
export function rpcError(code: Code, message: string, fieldViolations: FieldViolation[] = []): ConnectError {
  const errorInfo = {
    errorCode: errorCodeName(code),
    ...(fieldViolations.length > 0 ? {validationErrorInfo: {fieldViolations}} : {}),
  }
  return new ConnectError(message, code, undefined, [{desc: ErrorInfoSchema, value: errorInfo}])
}

export const invalidArgument = (message: string) => rpcError(Code.InvalidArgument, message)
export const notFound = (message: string) => rpcError(Code.NotFound, message)
export const alreadyExists = (message: string) => rpcError(Code.AlreadyExists, message)
export const failedPrecondition = (message: string) => rpcError(Code.FailedPrecondition, message)

/** Anything a handler throws that is not a ConnectError is a bug in the emulator: report it as Internal. */
export function asRpcError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error
  const message = error instanceof Error ? error.message : String(error)
  return rpcError(Code.Internal, `emulator error: ${message}`)
}

export function httpStatusOf(code: Code): number {
  return HTTP_STATUS[code]
}

/**
 * The REST error body, google.rpc.Status as grpc-gateway renders it: `{code, message, details: [{"@type": ...,
 * error_code: ...}]}`, plus `{"@type": ".../google.rpc.RetryInfo", "retry_delay": "1.5s"}` on a rate limit.
 */
export function restErrorBody(error: ConnectError): JsonObject {
  const details = [ErrorInfoSchema, RetryInfoSchema].flatMap((schema) =>
    error.findDetails(schema).map((detail) => ({
      '@type': `type.googleapis.com/${schema.typeName}`,
      ...(toJson(schema, detail, {useProtoFieldName: true}) as JsonObject),
    })),
  )
  return {code: error.code, message: error.rawMessage, details}
}
