package portal

import (
	"context"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// Statistics are the admin's follow-up figures (A7), all computed by SQL aggregates.
type Statistics struct {
	From, To            time.Time
	ProjectsByMonth     []store.MonthCount
	MilestonesByMonth   []store.MonthCount
	DeliverablesByMonth []store.MonthCount
	Decisions           store.DecisionFigures
	Response            store.ResponseFigures
	MostActiveClients   []store.ClientRank
	MostOverdueClients  []store.ClientRank
}

// StatsQuery is a period (calendar days, inclusive; default the last 12 months) and a client.
type StatsQuery struct {
	From, To string
	ClientID int64
}

// Statistics computes the figures of a period.
func (s *Service) Statistics(ctx context.Context, a Actor, q StatsQuery) (Statistics, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return Statistics{}, err
	}
	from, err := parseDay("from", "La date de début", q.From)
	if err != nil {
		return Statistics{}, err
	}
	to, err := parseDay("to", "La date de fin", q.To)
	if err != nil {
		return Statistics{}, err
	}
	today := s.today()
	if to == nil {
		to = &today
	}
	if from == nil {
		f := time.Date(to.Year()-1, to.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		from = &f
	}
	if to.Before(*from) {
		return Statistics{}, Invalid("to", "La date de fin précède la date de début.")
	}
	f := store.StatsFilter{From: *from, To: to.AddDate(0, 0, 1), ClientID: q.ClientID}
	st := Statistics{From: *from, To: *to}
	if st.ProjectsByMonth, err = s.db.ProjectsByMonth(ctx, f); err != nil {
		return st, err
	}
	if st.MilestonesByMonth, err = s.db.MilestonesDeliveredByMonth(ctx, f); err != nil {
		return st, err
	}
	if st.DeliverablesByMonth, err = s.db.DeliverablesByMonth(ctx, f); err != nil {
		return st, err
	}
	if st.Decisions, err = s.db.Decisions(ctx, f); err != nil {
		return st, err
	}
	if st.Response, err = s.db.TeamResponse(ctx, f); err != nil {
		return st, err
	}
	if st.MostActiveClients, err = s.db.MostActiveClients(ctx, f, 5); err != nil {
		return st, err
	}
	st.MostOverdueClients, err = s.db.MostOverdueClients(ctx, today, 5)
	return st, err
}
