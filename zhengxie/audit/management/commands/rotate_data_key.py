from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengxie.audit.services import record
from zhengxie.lib import keyrotation
from zhengxie.lib.crypto import current_key_version


class Command(BaseCommand):
    help = (
        "Re-encrypt every personal-data column and recompute its search hashes under the current "
        "key (ZHENGXIE_DATA_KEY / ZHENGXIE_DATA_KEY_VERSION), in batches, while the platform runs. "
        "Safe to stop and run again: rows already under the current key are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=keyrotation.BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        version = current_key_version()
        targets = keyrotation.targets()
        record(
            action="crypto.key_rotation.started",
            actor_name="rotate_data_key",
            data={"version": version, "models": [t.label for t in targets]},
        )
        self.stdout.write(f"开始以第 {version} 版密钥重新加密个人信息：{len(targets)} 类数据")
        done: list[keyrotation.Progress] = []

        def report(progress: keyrotation.Progress) -> None:
            self.stdout.write(
                f"  {progress.label}：已检查 {progress.scanned} 行，已重新加密 {progress.rewritten} 行"
            )

        try:
            for target in targets:
                done.append(
                    keyrotation.rotate_model(target, batch_size=options["batch_size"], on_batch=report)
                )
        except ValueError as exc:  # a ciphertext under a key version that is not configured
            record(
                action="crypto.key_rotation.failed",
                actor_name="rotate_data_key",
                success=False,
                data={"version": version, "error": str(exc), **_counts(done)},
            )
            raise CommandError(
                f"密钥轮换中断：{exc}。补充 ZHENGXIE_DATA_KEYS_OLD 后重新运行即可继续"
            ) from exc
        record(
            action="crypto.key_rotation.finished",
            actor_name="rotate_data_key",
            data={"version": version, **_counts(done)},
        )
        counts = _counts(done)
        self.stdout.write(
            f"完成：共检查 {counts['scanned']} 行，重新加密 {counts['rewritten']} 行。"
            "确认无误后可从 ZHENGXIE_DATA_KEYS_OLD 中删除旧密钥"
        )


def _counts(done: list[keyrotation.Progress]) -> dict[str, Any]:
    return {
        "scanned": sum(p.scanned for p in done),
        "rewritten": sum(p.rewritten for p in done),
        "by_model": {p.label: [p.scanned, p.rewritten] for p in done},
    }
