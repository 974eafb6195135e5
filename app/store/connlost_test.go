package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestConnectionLost(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, c := range []struct {
		err  error
		lost bool
	}{
		{fmt.Errorf("%w: %w", ErrCommitUncertain, mysql.ErrInvalidConn), true},
		{fmt.Errorf("insert message: %w", mysql.ErrInvalidConn), true},
		{fmt.Errorf("query: %w", driver.ErrBadConn), true},
		{fmt.Errorf("open: %w", refused), true},
		{&mysql.MySQLError{Number: errGaleraNotReady, Message: "WSREP has not yet prepared node for application use"}, true},
		{nil, false},
		{ErrNotFound, false},
		{&mysql.MySQLError{Number: 1062, Message: "Duplicate entry"}, false},
		{context.Canceled, false},
		{errors.New("some bug"), false},
	} {
		if got := ConnectionLost(c.err); got != c.lost {
			t.Errorf("ConnectionLost(%v) = %v, want %v", c.err, got, c.lost)
		}
	}
}
