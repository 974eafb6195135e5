package store

import "context"

// EveryWay runs the query once on each stream it may read, whichever is cheapest: every way
// must list the same page with the same total.
func (q *HistoryQuery) EveryWay(ctx context.Context) (pages [][]MessageWithContext, totals []int, err error) {
	defer func() { q.pick = cheapest }()
	for i := 0; ; i++ {
		n := 0
		q.pick = func(ss []stream, _ int) stream {
			n = len(ss)
			return ss[min(i, n-1)]
		}
		items, total, err := q.Messages(ctx)
		if err != nil {
			return nil, nil, err
		}
		pages, totals = append(pages, items), append(totals, total)
		if i+1 >= n {
			return pages, totals, nil
		}
	}
}
