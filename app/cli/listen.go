package cli

import (
	"fmt"
	"log/slog"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/server"
	"github.com/bigdatacenter/portal/app/version"
)

// listen starts the listeners of the configuration; the channel reports the first that fails.
func listen(cfg config.Config, srv *server.Server, log *slog.Logger) <-chan error {
	errs := make(chan error, 1)
	go func() {
		if err := srv.Listen(cfg.Server.Listen); err != nil {
			errs <- fmt.Errorf("listening on %s: %w", cfg.Server.Listen, err)
		}
	}()
	log.Info("portal listening", "addr", cfg.Server.Listen, "url", cfg.Server.PublicURL, "version", version.Version)
	return errs
}
