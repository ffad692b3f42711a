/** Protobuf enum names read better in tables: `AUTO_VERIFIED` → `auto verified`. */
export const enumText = (name: string | undefined) => name?.toLowerCase().replaceAll('_', ' ') ?? ''

/** The date part of an RFC 3339 timestamp. */
export const day = (timestamp: string | undefined) => timestamp?.slice(0, 10)

export const yesNo = (value: boolean | undefined) => (value ? 'yes' : 'no')
