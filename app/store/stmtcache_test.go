package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// A query with arguments repeated on one connection is prepared once and executed each time,
// with the right result every time; past the cache bound, old statements are closed.
func TestPreparedStatementsAreReused(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	status := func(name string) int {
		t.Helper()
		var k string
		var v int
		if err := conn.QueryRowContext(ctx, "SHOW SESSION STATUS LIKE '"+name+"'").Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	prepared, closed := status("Com_stmt_prepare"), status("Com_stmt_close")
	for i := 0; i < 50; i++ {
		var got int
		if err := conn.QueryRowContext(ctx, "SELECT ? + 1", i).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("SELECT %d + 1 = %d, %v", i, got, err)
		}
	}
	if n := status("Com_stmt_prepare") - prepared; n != 1 {
		t.Errorf("50 runs of one query prepared it %d times, want 1", n)
	}
	if n := status("Com_stmt_close") - closed; n != 0 {
		t.Errorf("50 runs of one query closed %d statements, want 0", n)
	}

	// Inside a transaction on the same connection, the statement is the cached one too.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := tx.QueryRowContext(ctx, "SELECT ? + 1", 41).Scan(&got); err != nil || got != 42 {
		t.Fatalf("in a transaction: %d, %v", got, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := status("Com_stmt_prepare") - prepared; n != 1 {
		t.Errorf("the transaction prepared the query again (%d prepares)", n)
	}

	// Many distinct queries: the cache stays bounded by closing the least recently used.
	prepared, closed = status("Com_stmt_prepare"), status("Com_stmt_close")
	const distinct = store.StmtCacheSize + 20
	for i := 0; i < distinct; i++ {
		if err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT ? + %d AS n", i), 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("query %d: %d, %v", i, got, err)
		}
	}
	if n := status("Com_stmt_prepare") - prepared; n != distinct {
		t.Errorf("%d distinct queries prepared %d statements", distinct, n)
	}
	// The first query of this test was still cached: 21 statements leave.
	if n := status("Com_stmt_close") - closed; n != distinct-store.StmtCacheSize+1 {
		t.Errorf("closed %d statements, want %d", n, distinct-store.StmtCacheSize+1)
	}
	var open int
	if err := conn.QueryRowContext(ctx, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'PREPARED_STMT_COUNT'").Scan(&open); err != nil {
		t.Fatal(err)
	}
	if open > store.StmtCacheSize*4 {
		t.Errorf("%d prepared statements open on the server", open)
	}
}

// Times go to the server with microseconds at most (the columns' precision), so that a date
// compared with a column stays an index range.
func TestTimeParametersAreTruncatedToMicroseconds(t *testing.T) {
	db := openEmpty(t)
	at := time.Date(2026, 12, 1, 10, 20, 30, 123456789, time.UTC)
	var got string
	if err := db.SQL().QueryRow("SELECT CAST(? AS CHAR)", at).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "2026-12-01 10:20:30.123456" {
		t.Errorf("the server received %q, want microseconds", got)
	}
}
