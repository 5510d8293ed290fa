package runtime

const _BigEndian = 0
