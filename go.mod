module github.com/depthrace/depthrace

go 1.26
