package store

import "context"

// SearchEveryWay runs SearchMessages once on each stream it may read, whichever is cheapest:
// every way must list the same page with the same total.
func (db *DB) SearchEveryWay(ctx context.Context, f MessageFilter) (pages [][]MessageWithContext, totals []int, err error) {
	for i := 0; ; i++ {
		n := 0
		items, total, err := db.searchMessages(ctx, f, func(ss []stream, _ int) stream {
			n = len(ss)
			return ss[min(i, n-1)]
		})
		if err != nil {
			return nil, nil, err
		}
		pages, totals = append(pages, items), append(totals, total)
		if i+1 >= n {
			return pages, totals, nil
		}
	}
}
