package portal_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/store"
)

// The two message queries of the performance issue, at the scale dataset (500 000 messages):
// the unread counts of every dashboard and project list, and the admins' history of exchanges.

func BenchmarkUnreadCountsAtScale(b *testing.B) {
	for _, who := range []struct {
		name    string
		actorOf func(*testing.B, *store.DB) portal.Actor
	}{{"client", clientActor}, {"admin", adminActor}} {
		b.Run(who.name, func(b *testing.B) {
			svc, db := scale(b)
			list, err := svc.ListProjects(context.Background(), who.actorOf(b, db), portal.ProjectQuery{})
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]int64, len(list.Items))
			for i, p := range list.Items {
				ids[i] = p.ID
			}
			atScale(b, who.actorOf, func(ctx context.Context, _ *portal.Service, a portal.Actor) error {
				_, err := db.UnreadCounts(ctx, a.UserID, ids, a.IsAdmin())
				return err
			})
		})
	}
}

var (
	historyOnce    sync.Once
	historyProject int64
	historyClient  int64
)

// historySetup posts the few messages of a rare word, once per process.
func historySetup(b *testing.B, svc *portal.Service, admin portal.Actor) {
	historyOnce.Do(func() {
		ctx := context.Background()
		list, err := svc.ListProjects(ctx, clientActor(b, scaleDB), portal.ProjectQuery{})
		if err != nil || len(list.Items) == 0 {
			b.Fatal(list, err)
		}
		historyProject, historyClient = list.Items[0].ID, list.Items[0].ClientID
		for i := 0; i < 3; i++ {
			if _, err := svc.PostMessage(ctx, admin, historyProject, portal.MessageInput{Body: "Le compte rendu mentionne un ornithorynque."}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkHistoryAtScale(b *testing.B) {
	svc, db := scale(b)
	admin := adminActor(b, db)
	historySetup(b, svc, admin)
	month := time.Now().UTC().AddDate(0, -1, 0).Format("2006-01-02")
	for _, c := range []struct {
		name string
		q    portal.MessageQuery
	}{
		{"list", portal.MessageQuery{}},
		{"list_client", portal.MessageQuery{ClientID: historyClient}},
		{"list_author", portal.MessageQuery{AuthorID: admin.UserID}},
		{"list_month", portal.MessageQuery{From: month}},
		{"common_word", portal.MessageQuery{Search: "livraison"}},
		{"common_word_page_40", portal.MessageQuery{Search: "livraison", Page: portal.Page{Number: 40}}},
		{"rare_word", portal.MessageQuery{Search: "ornithorynque"}},
		{"two_words", portal.MessageQuery{Search: "livraison vendredi"}},
		{"common_word_client", portal.MessageQuery{Search: "livraison", ClientID: historyClient}},
		{"common_word_project", portal.MessageQuery{Search: "livraison", ProjectID: historyProject}},
		{"common_word_author", portal.MessageQuery{Search: "livraison", AuthorID: admin.UserID}},
		{"common_word_month", portal.MessageQuery{Search: "livraison", From: month}},
	} {
		b.Run(c.name, func(b *testing.B) {
			atScale(b, adminActor, func(ctx context.Context, svc *portal.Service, a portal.Actor) error {
				l, err := svc.SearchMessages(ctx, a, c.q)
				if err == nil && len(l.Items) == 0 {
					err = fmt.Errorf("nothing found for %+v", c.q)
				}
				return err
			})
		})
	}
}
