package store

import (
	"database/sql/driver"
	"errors"
	"net"

	"github.com/go-sql-driver/mysql"
)

// Galera answers this to a statement sent to a node cut off from the cluster's primary
// component (WSREP has not yet prepared node for application use).
const errGaleraNotReady = 1047

// ConnectionLost reports whether err comes from losing the database rather than from the
// request: the server killed or restarting, a Galera node gone or cut off, a COMMIT whose answer
// never came. What the request wrote may or may not be durable; retried with the same
// Idempotency-Key, it is settled either way — so the caller answers « try again », not an
// internal error.
func ConnectionLost(err error) bool {
	if err == nil {
		return false
	}
	var me *mysql.MySQLError
	var ne net.Error
	return errors.Is(err, ErrCommitUncertain) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) ||
		(errors.As(err, &me) && me.Number == errGaleraNotReady) || errors.As(err, &ne)
}
