/**
 * A whole server-to-client WebSocket text frame (RFC 6455 section 5.2: FIN, opcode 1, unmasked, no extension
 * bits), header and UTF-8 payload in one buffer. The hub builds each message's frame once and writes the same
 * bytes to every subscriber's socket, instead of asking `ws` to frame the message again for each one (a header
 * allocation and two socket writes per subscriber). Valid on any connection the hub serves: it never negotiates
 * an extension (perMessageDeflate is off), and the server never masks.
 */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN + text
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}
