"""Handouts given to patients: which handouts and versions, in which language, when and by
whom, and the exact PDF (so a reprint is the same paper the patient had)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ldnclinic.db.base import Base, IntPK, UTCStamp


class HandoutPrint(Base):
    __tablename__ = "handout_prints"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    language: Mapped[str] = mapped_column(String(5))
    items_json: Mapped[str] = mapped_column(Text)  # [{"kind", "version", "title"}, ...] in print order
    packet: Mapped[str | None] = mapped_column(String(30))  # "new_patient" for the new-patient packet
    printed_at: Mapped[UTCStamp]
    printed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_handout_prints_patient_printed", "patient_id", "printed_at"),)
