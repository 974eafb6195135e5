package store_test

import (
	"context"
	"testing"

	"github.com/bigdatacenter/portal/app/store/storetest"
)

// A bulk load's larger buffer pool is in place during the load and gone after it.
func TestRaiseBufferPoolIsUndone(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	pool := func() int64 {
		var n int64
		if err := db.SQL().QueryRowContext(ctx, "SELECT @@GLOBAL.innodb_buffer_pool_size").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	was := pool()
	restore := db.RaiseBufferPool(ctx, was+256<<20)
	if got := pool(); got < was+256<<20 {
		t.Fatalf("pool during the load = %d, want at least %d", got, was+256<<20)
	}
	restore()
	if got := pool(); got != was {
		t.Fatalf("pool after the load = %d, want %d back", got, was)
	}
}
