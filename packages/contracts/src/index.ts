export { type BookingRow, type BookingView, bookingSchema, toBooking } from "./booking.ts";
export { availabilityQuery, availabilitySchema, bookingsContract, newBooking } from "./bookings.ts";
export { type ChannelMessage, channelMessage, channelTurn, chatContract, deliveryUpdates } from "./chat.ts";
export { type ToolSpecView, toolCallDone, toolInvocation, toolSpec, toolsContract } from "./tools.ts";
