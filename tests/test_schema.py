"""schemathesis against the app's own OpenAPI schema: no 500, every response as documented."""
import schemathesis
from hypothesis import HealthCheck, settings

from bot import Engine, load_knowledge
from bot.settings import Settings
from bot.web import create_app

from .conftest import KNOWLEDGE


class NoSlack:
    """Nothing leaves the test: answers to events are recorded, not sent."""
    def __init__(self):
        self.sent = []

    def post(self, channel, thread_ts, message):
        self.sent.append(channel)
        return True


# every route on: the answer endpoint, Slack (signed) and the outgoing webhook
app = create_app(Settings(slack_signing_secret="schema-secret", outgoing_tokens=("schema-token",)),
                 engine=Engine(load_knowledge(KNOWLEDGE)), slack_poster=NoSlack())
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
