package store

import (
	"context"
	"database/sql/driver"
)

// database/sql's Commit takes no context, and go-sql-driver sends COMMIT without watching one:
// a frozen server held a request on its commit long past the request's deadline. The
// connection below runs COMMIT and ROLLBACK under the context the transaction began with (the
// request's), so that the driver closes the connection when its deadline passes, as it does
// for every other statement. The outcome of a commit cut that way is unknown to the caller
// (the server may have received it): the idempotency key a retry carries settles it.

type boundTx struct {
	ctx  context.Context
	conn *cachingConn
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.innerConn.BeginTx(ctx, opts)
	if err != nil || ctx.Done() == nil {
		return tx, err
	}
	// The driver's own Tx is not used past its BEGIN: its Commit and Rollback only run the
	// statements below, without the context.
	return boundTx{ctx: ctx, conn: c}, nil
}

func (t boundTx) Commit() error { return t.end("COMMIT") }

// Rollback once the deadline has passed sends nothing: database/sql discards a connection
// whose Rollback answers ErrBadConn, and the server rolls back what the closed connection left.
func (t boundTx) Rollback() error {
	if t.ctx.Err() != nil {
		return driver.ErrBadConn
	}
	return t.end("ROLLBACK")
}

func (t boundTx) end(stmt string) error {
	_, err := t.conn.innerConn.ExecContext(t.ctx, stmt, nil)
	return err
}
