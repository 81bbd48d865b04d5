# attune: `make run` to start it, `make test` to test everything.
export GOTOOLCHAIN := local

.PHONY: run build test bench vet fmt clean

run:
	@scripts/run.sh $(ARGS)

build:
	go build -o bin/attune ./cmd/attune

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

vet:
	gofmt -l . && go vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin .artifacts
