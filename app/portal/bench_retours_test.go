package portal_test

import (
	"context"
	"testing"

	"github.com/bigdatacenter/portal/app/portal"
)

// BenchmarkRetoursAtScale measures the retours' reads on the scale dataset (100 000 retours, 20
// per project): a project's list, the staff's list across projects by each sort and filter, a
// retour's page and its thread, with the rows each one reads from the storage engine, which
// must stay near what its page shows rather than grow with the table.
func BenchmarkRetoursAtScale(b *testing.B) {
	svc, db := scale(b)
	productionPool(b, db)
	client, admin := clientActor(b, db), adminActor(b, db)
	ctx := context.Background()
	projects, err := svc.ListProjects(ctx, client, portal.ProjectQuery{})
	if err != nil || len(projects.Items) == 0 {
		b.Fatal(err)
	}
	project := projects.Items[0].ID
	first, err := svc.ListRetours(ctx, client, portal.RetourQuery{ProjectID: project})
	if err != nil || first.Total != 20 {
		b.Fatalf("a project has %d retours (%v), want 20", first.Total, err)
	}
	retour := first.Items[0].ID
	cases := []struct {
		name string
		call func() error
	}{
		{"project-list-open", func() error {
			_, err := svc.ListRetours(ctx, client, portal.RetourQuery{ProjectID: project, Status: "ouvert"})
			return err
		}},
		{"admin-open-by-priority", func() error {
			_, err := svc.ListRetours(ctx, admin, portal.RetourQuery{Status: "ouvert", Sort: "priority", Page: portal.Page{Number: 3}})
			return err
		}},
		{"admin-recent", func() error {
			_, err := svc.ListRetours(ctx, admin, portal.RetourQuery{Page: portal.Page{Number: 2}})
			return err
		}},
		{"admin-updated", func() error {
			_, err := svc.ListRetours(ctx, admin, portal.RetourQuery{Sort: "updated"})
			return err
		}},
		{"admin-new-by-status", func() error {
			_, err := svc.ListRetours(ctx, admin, portal.RetourQuery{Status: "nouveau", Sort: "status"})
			return err
		}},
		{"admin-client-open", func() error {
			_, err := svc.ListRetours(ctx, admin, portal.RetourQuery{ClientID: client.ClientID, Status: "ouvert"})
			return err
		}},
		{"admin-bloquant-older-than-30-days", func() error {
			_, err := svc.ListRetours(ctx, admin, portal.RetourQuery{Priority: "bloquant", MinAgeDays: 30, Sort: "oldest"})
			return err
		}},
		{"retour-page", func() error {
			_, err := svc.GetRetour(ctx, client, retour)
			return err
		}},
		{"retour-thread", func() error {
			_, err := svc.ListRetourMessages(ctx, client, retour, 0, 50)
			return err
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var reads float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				before := handlerReads(b, db)
				b.StartTimer()
				if err := c.call(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				reads += handlerReads(b, db) - before - 1
				b.StartTimer()
			}
			b.ReportMetric(reads/float64(b.N), "rows-read/op")
		})
	}
}
