import type { NextFunction, Request, Response } from 'express';
import { errorPage } from '../../../src/middleware/errors';

describe('errorPage', () => {
  test('an error after the answer has started is logged and left to Express, which ends the connection', () => {
    const logged: string[] = [];
    const handler = errorPage((level, err) => logged.push(`${level}: ${(err as Error).message}`));
    const render = jest.fn();
    const res = { headersSent: true, status: jest.fn(() => ({ render })), render } as unknown as Response;
    const next = jest.fn() as unknown as NextFunction;
    const err = new Error('the database went away');
    handler(err, {} as Request, res, next);
    expect(next).toHaveBeenCalledWith(err);
    expect(render).not.toHaveBeenCalled();
    expect(logged).toEqual(['error: the database went away']);
  });
});
