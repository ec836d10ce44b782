import { loadHttpConfig } from '../../lib/config';
import { createHttpHandler, MAX_BODY_BYTES, type OperationHandler } from '../../lib/http';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { apiGatewayEvent, postEvent } from '../fixtures/api-gateway-event';

const config = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });

function handlerWith(run: OperationHandler = async () => ({})) {
  const spy = jest.fn(run);
  return { handler: createHttpHandler(config, [{ spec: resetCustomerPassword, run: spy }]), run: spy };
}

/** A JSON body of exactly `bytes` bytes in UTF-8: a short DTO padded with `filler` inside a string it ignores. */
function jsonBodyOf(bytes: number, filler = ' '): string {
  const head = '{"Email":"a@b.com","Padding":"';
  const tail = '"}';
  const room = bytes - Buffer.byteLength(head + tail);
  const fill = filler.repeat(Math.floor(room / Buffer.byteLength(filler)));
  return head + fill + ' '.repeat(room - Buffer.byteLength(fill)) + tail;
}

const base64Event = (bytes: Buffer) =>
  apiGatewayEvent({ body: bytes.toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/json' } });

describe('the request body limit', () => {
  it('is 16 KiB', () => {
    expect(MAX_BODY_BYTES).toBe(16_384);
  });

  it('takes a body of exactly 16 KiB and refuses one byte more with 413 RequestEntityTooLarge', async () => {
    const { handler, run } = handlerWith();
    const exact = jsonBodyOf(MAX_BODY_BYTES);
    expect(Buffer.byteLength(exact)).toBe(16_384);

    expect((await handler(postEvent(exact, 'application/json'))).statusCode).toBe(200);
    expect(run).toHaveBeenCalledWith({ Email: 'a@b.com' }, expect.anything());

    const over = await handler(postEvent(jsonBodyOf(MAX_BODY_BYTES + 1), 'application/json'));
    expect(over.statusCode).toBe(413);
    expect(JSON.parse(over.body)).toMatchObject({ ResponseStatus: { ErrorCode: 'RequestEntityTooLarge', Message: 'The request body exceeds 16384 bytes' } });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('counts bytes, not characters: 16 KiB of two-byte characters is the limit too', async () => {
    const { handler } = handlerWith();
    const atLimit = jsonBodyOf(MAX_BODY_BYTES, 'é');
    const overLimit = jsonBodyOf(MAX_BODY_BYTES + 2, 'é');
    expect(overLimit.length).toBeLessThan(MAX_BODY_BYTES);

    expect((await handler(postEvent(atLimit, 'application/json'))).statusCode).toBe(200);
    expect((await handler(postEvent(overLimit, 'application/json'))).statusCode).toBe(413);
  });

  it('applies to the decoded bytes of a base64 body, not to its longer base64 text', async () => {
    const { handler } = handlerWith();
    const exact = Buffer.from(jsonBodyOf(MAX_BODY_BYTES));

    expect((await handler(base64Event(exact))).statusCode).toBe(200);
    expect((await handler(base64Event(Buffer.concat([exact, Buffer.from(' ')])))).statusCode).toBe(413);
  });
});

describe('a base64 body that is not UTF-8', () => {
  it.each([
    ['a byte that starts no character', [0x80]],
    ['a two-byte sequence cut short', [0xc3, 0x28]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ])('is refused with 400 SerializationException for %s inside a string, before the operation runs', async (_case, bad) => {
    const { handler, run } = handlerWith();
    // The bad bytes sit inside a JSON string, where a lenient decoder's U+FFFD would pass unnoticed.
    const body = Buffer.concat([Buffer.from('{"Email":"a'), Buffer.from(bad), Buffer.from('@b.com"}')]);

    const response = await handler(base64Event(body));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ResponseStatus: { ErrorCode: 'SerializationException', Message: 'The request body is not valid UTF-8' } });
    expect(run).not.toHaveBeenCalled();
  });

  it('is read when it is UTF-8, multi-byte characters included', async () => {
    const { handler, run } = handlerWith();

    expect((await handler(base64Event(Buffer.from('{"Email":"zoë@b.com"}')))).statusCode).toBe(200);
    expect(run).toHaveBeenCalledWith({ Email: 'zoë@b.com' }, expect.anything());
  });
});
