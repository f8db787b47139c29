"""mqbot: answers questions about a comparison matrix (a message-queue one ships in knowledge/), citing its cells."""
from .answer import Answer, Engine, Source, answer, engine_for
from .context import Condition, Context
from .errors import KnowledgeError
from .loader import Knowledge, load_knowledge

__version__ = "0.1.0"

__all__ = ["Answer", "Condition", "Context", "Engine", "Knowledge", "KnowledgeError", "Source",
           "answer", "engine_for", "load_knowledge"]
