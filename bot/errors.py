"""Typed errors the engine raises; only the CLI and servers turn them into exits."""
from __future__ import annotations


class KnowledgeError(Exception):
    """A knowledge file is broken: names the file, the line and the problem."""

    def __init__(self, file: str, line: int | None, problem: str):
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {problem}")
