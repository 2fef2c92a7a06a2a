package dev.storerelay.adapter.relay.inbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Bytes from the client to {@link SmtpRequest}, {@link AuthLine}, {@link DataChunk}, {@link DataEnd} and
 * {@link InputError}.
 *
 * <p>Framing is strict CRLF: a bare CR or LF anywhere is {@link InputError#BARE_LINE_END} and ends all decoding,
 * because a lenient line end is what SMTP smuggling exploits ({@code LineBasedFrameDecoder} accepts bare LF, so it is
 * not used). Lines never buffer past their limit: the rest of an over-long line is skipped up to its CRLF.
 *
 * <p>After {@code DATA}, {@code AUTH} and {@code STARTTLS}, after an AUTH answer line and after the end of a message
 * the decoder pauses (and stops reading from the socket) until the session gives its verdict with
 * {@link #startData()}, {@link #readAuthAnswer()} or {@link #resumeCommands()}: only the session knows whether the
 * command was accepted, and whatever the client pipelined behind it must be read in the mode that verdict implies
 * (or, after {@code STARTTLS}, refused: see {@link #bufferedBytes()}).
 */
final class SmtpServerDecoder extends ByteToMessageDecoder {
    static final SmtpCommand AUTH = SmtpCommand.valueOf("AUTH");
    static final SmtpCommand STARTTLS = SmtpCommand.valueOf("STARTTLS");

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte NUL = 0;
    private static final int CRLF_LENGTH = 2;
    private static final ByteProcessor FIND_CR_OR_LF = b -> b != CR && b != LF;

    private enum Mode { COMMAND, AUTH_ANSWER, DATA, AWAITING_VERDICT, BROKEN }

    private final long maxMessageBytes;
    private final int maxCommandLine;
    private final int maxTextLine;
    private ChannelHandlerContext ctx;
    private Mode mode = Mode.COMMAND;
    /** The current line went past its limit; its remaining bytes are skipped up to its CRLF. */
    private boolean discardingLine;
    /** Octets of the current message after unstuffing, counted even when no longer delivered. */
    private long received;
    private boolean lineTooLong;

    SmtpServerDecoder(long maxMessageBytes, int maxCommandLine, int maxTextLine) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxCommandLine = maxCommandLine;
        this.maxTextLine = maxTextLine;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Reads nothing until the session's first verdict; called on the event loop before the greeting. */
    void pauseUntilVerdict() {
        pause();
    }

    /** The session accepted DATA ({@code 354}): read what follows as message text. Callable from any thread. */
    void startData() {
        onEventLoop(() -> resume(Mode.DATA));
    }

    /** The session answered the last command or message: read what follows as commands. Callable from any thread. */
    void resumeCommands() {
        onEventLoop(() -> resume(Mode.COMMAND));
    }

    /** The session sent an AUTH challenge ({@code 334}): read the next line as its answer, not as a command. */
    void readAuthAnswer() {
        onEventLoop(() -> resume(Mode.AUTH_ANSWER));
    }

    /**
     * Octets received but not decoded yet. While paused after {@code STARTTLS} anything here was sent before the
     * client could have seen our {@code 220}: a command injection (CVE-2011-0411), never to be read after TLS.
     */
    int bufferedBytes() {
        return actualReadableBytes();
    }

    /** Always a new task, also on the event loop: the verdict usually comes while this decoder is firing. */
    private void onEventLoop(Runnable action) {
        ctx.executor().execute(action);
    }

    private void resume(Mode next) {
        if (mode != Mode.AWAITING_VERDICT || ctx.isRemoved()) {
            return;
        }
        mode = next;
        received = 0;
        lineTooLong = false;
        ctx.channel().config().setAutoRead(true);
        try {
            // Decodes what the client sent while we waited; it sits in the cumulation buffer. The read-complete
            // lets the idle timer behind us see that reading is over for now.
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            ctx.fireChannelReadComplete();
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    private void pause() {
        mode = Mode.AWAITING_VERDICT;
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (mode == Mode.AWAITING_VERDICT) {
            // The base class would request another read when nothing was decoded; while paused we want none.
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (mode) {
            case COMMAND:
            case AUTH_ANSWER:
                decodeCommandLine(in, out);
                break;
            case DATA:
                decodeDataLines(in, out);
                break;
            case BROKEN:
                in.skipBytes(in.readableBytes());
                break;
            case AWAITING_VERDICT:
            default:
                break;          // keep the bytes until the session decides how to read them
        }
    }

    private void decodeCommandLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int lineEnd = findLineEnd(in, maxCommandLine, out);
        if (lineEnd < 0) {
            return;
        }
        in.readerIndex(lineEnd + CRLF_LENGTH);
        if (discardingLine) {
            discardingLine = false;
            return;
        }
        boolean authAnswer = mode == Mode.AUTH_ANSWER;
        if (in.indexOf(start, lineEnd, NUL) >= 0) {
            refuseLine(InputError.NUL_IN_COMMAND, out);
            return;
        }
        String line = in.toString(start, lineEnd - start, StandardCharsets.UTF_8);
        if (authAnswer) {
            out.add(new AuthLine(line.strip()));
            pause();
            return;
        }
        SmtpRequest request = parseCommand(line);
        out.add(request);
        if (SmtpCommand.DATA.equals(request.command()) || AUTH.equals(request.command())
                || STARTTLS.equals(request.command())) {
            pause();
        }
    }

    /** A refused line in place of an AUTH answer ends the exchange; the session cancels it when it sees the error. */
    private void refuseLine(InputError error, List<Object> out) {
        out.add(error);
        if (mode == Mode.AUTH_ANSWER) {
            mode = Mode.COMMAND;
        }
    }

    private void decodeDataLines(ByteBuf in, List<Object> out) {
        ByteBuf chunk = null;
        try {
            while (mode == Mode.DATA && in.isReadable()) {
                int start = in.readerIndex();
                int lineEnd = findLineEnd(in, maxTextLine, out);
                if (lineEnd < 0) {
                    return;
                }
                in.readerIndex(lineEnd + CRLF_LENGTH);
                if (discardingLine) {
                    discardingLine = false;
                    received += CRLF_LENGTH;
                    continue;
                }
                int length = lineEnd - start;
                boolean leadingDot = length > 0 && in.getByte(start) == DOT;
                if (leadingDot && length == 1) {                 // RFC 5321 §4.1.1.4: only CRLF.CRLF ends DATA
                    chunk = emit(chunk, out);
                    out.add(lineTooLong ? DataEnd.LINE_TOO_LONG
                            : received > maxMessageBytes ? DataEnd.TOO_LARGE : DataEnd.COMPLETE);
                    pause();
                    return;
                }
                if (leadingDot) {                                 // RFC 5321 §4.5.2: undo dot-stuffing
                    start++;
                    length--;
                }
                received += length + CRLF_LENGTH;
                if (received > maxMessageBytes || lineTooLong) {
                    continue;                                    // read on to the end of data, then refuse
                }
                if (chunk == null) {
                    chunk = ctx.alloc().heapBuffer();
                }
                chunk.writeBytes(in, start, length + CRLF_LENGTH);
            }
        } finally {
            if (mode == Mode.BROKEN && chunk != null) {
                chunk.release();                                 // the message is refused; nothing follows
            } else {
                emit(chunk, out);
            }
        }
    }

    private static ByteBuf emit(ByteBuf chunk, List<Object> out) {
        if (chunk != null) {
            byte[] bytes = new byte[chunk.readableBytes()];
            chunk.readBytes(bytes);
            chunk.release();
            out.add(new DataChunk(bytes));
        }
        return null;
    }

    /**
     * Index of the CR of the next CRLF, or -1 when more input is needed or the input was refused. Enforces the line
     * limit first (so the outcome does not depend on how the bytes were split), skipping the rest of a long line.
     */
    private int findLineEnd(ByteBuf in, int maxLine, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int found = in.forEachByte(start, end - start, FIND_CR_OR_LF);
        int contentEnd = found < 0 ? end : found;
        if (!discardingLine && contentEnd - start > maxLine - CRLF_LENGTH) {
            discardingLine = true;
            if (mode == Mode.DATA) {
                lineTooLong = true;
            } else {
                refuseLine(InputError.COMMAND_LINE_TOO_LONG, out);
            }
        }
        if (discardingLine) {
            received += contentEnd - start;
            in.readerIndex(contentEnd);
        }
        if (found < 0) {
            return -1;
        }
        if (in.getByte(found) == LF) {
            return refuseBareLineEnd(in, out);
        }
        if (found + 1 == end) {
            return -1;                                           // the LF may be in the next packet
        }
        if (in.getByte(found + 1) != LF) {
            return refuseBareLineEnd(in, out);
        }
        return found;
    }

    private int refuseBareLineEnd(ByteBuf in, List<Object> out) {
        mode = Mode.BROKEN;
        in.skipBytes(in.readableBytes());
        out.add(InputError.BARE_LINE_END);
        return -1;
    }

    /** A command line (without CRLF) as netty's request type: the verb upper-cased, parameters split at spaces. */
    static SmtpRequest parseCommand(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return new DefaultSmtpRequest(SmtpCommand.EMPTY);
        }
        int space = trimmed.indexOf(' ');
        String verb = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : trimmed.substring(space + 1).strip();
        CharSequence[] parameters = rest.isEmpty() ? new CharSequence[0] : rest.split(" +");
        return new DefaultSmtpRequest(SmtpCommand.valueOf(verb), parameters);
    }
}
